import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A screen that fails to draw shows a Chinese explanation and a way back, not a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('界面出错', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="界面出错，当前页面无法显示"
        subTitle={`已保存的数据不受影响。请返回首页或重新载入页面；如反复出现，请联系技术支持。（${this.state.error.message}）`}
        extra={[
          <Button
            key="home"
            onClick={() => {
              window.location.hash = '#/home';
              this.setState({ error: null });
            }}
          >
            返回首页
          </Button>,
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            重新载入
          </Button>,
        ]}
      />
    );
  }
}
